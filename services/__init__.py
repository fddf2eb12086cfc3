"""The Career Match services: catalog, quiz and matcher."""
