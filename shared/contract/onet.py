"""The O*NET vocabulary every document names: interest areas, work values, skills."""

from __future__ import annotations

from typing import Literal

INTEREST_AREAS = ("R", "I", "A", "S", "E", "C")
INTEREST_NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
WORK_VALUES = (
    "Achievement",
    "Working Conditions",
    "Recognition",
    "Relationships",
    "Support",
    "Independence",
)
#: The 35 O*NET skills (Content Model element id, name), in O*NET's order.
ONET_SKILLS = (
    ("2.A.1.a", "Reading Comprehension"),
    ("2.A.1.b", "Active Listening"),
    ("2.A.1.c", "Writing"),
    ("2.A.1.d", "Speaking"),
    ("2.A.1.e", "Mathematics"),
    ("2.A.1.f", "Science"),
    ("2.A.2.a", "Critical Thinking"),
    ("2.A.2.b", "Active Learning"),
    ("2.A.2.c", "Learning Strategies"),
    ("2.A.2.d", "Monitoring"),
    ("2.B.1.a", "Social Perceptiveness"),
    ("2.B.1.b", "Coordination"),
    ("2.B.1.c", "Persuasion"),
    ("2.B.1.d", "Negotiation"),
    ("2.B.1.e", "Instructing"),
    ("2.B.1.f", "Service Orientation"),
    ("2.B.2.i", "Complex Problem Solving"),
    ("2.B.3.a", "Operations Analysis"),
    ("2.B.3.b", "Technology Design"),
    ("2.B.3.c", "Equipment Selection"),
    ("2.B.3.d", "Installation"),
    ("2.B.3.e", "Programming"),
    ("2.B.3.g", "Operations Monitoring"),
    ("2.B.3.h", "Operation and Control"),
    ("2.B.3.j", "Equipment Maintenance"),
    ("2.B.3.k", "Troubleshooting"),
    ("2.B.3.l", "Repairing"),
    ("2.B.3.m", "Quality Control Analysis"),
    ("2.B.4.e", "Judgment and Decision Making"),
    ("2.B.4.g", "Systems Analysis"),
    ("2.B.4.h", "Systems Evaluation"),
    ("2.B.5.a", "Time Management"),
    ("2.B.5.b", "Management of Financial Resources"),
    ("2.B.5.c", "Management of Material Resources"),
    ("2.B.5.d", "Management of Personnel Resources"),
)
Area = Literal["R", "I", "A", "S", "E", "C"]
