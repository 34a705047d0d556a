"""Application assistant: authorities' form templates, clubs' applications, the inbox."""
