"""Which clients count as one for a limit: an IPv4 address, or an IPv6 /64.

A home or a phone is given a whole IPv6 /64 and may use any address in it, so a limit
counted per IPv6 address is as many limits as the client cares to use. Every per-client
bound (rate limits, open event streams, connections) groups addresses with
:func:`client_group`, so that they agree.
"""

from __future__ import annotations

import ipaddress

#: The IPv6 prefix length one client is assumed to control.
IPV6_CLIENT_PREFIX = 64


def client_group(raw: str | None) -> str:
    """The group ``raw`` (a client address as the trusted proxies saw it) counts in: the
    address itself for IPv4, its /64 for IPv6; anything else as it is."""
    if not raw:
        return "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d is that IPv4 client
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)
