"""Page types of a club site (club schemas only) and the starter tree every new club gets."""
