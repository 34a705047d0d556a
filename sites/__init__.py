"""Club websites: the platform side (clubs, pages of a club site, the regional portal)."""
