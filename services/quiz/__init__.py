"""The quiz service: quiz definitions, answer validation, submissions and results, the embed."""
