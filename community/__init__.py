"""Exchange between clubs: offers, requests, matching, messages and crisis mode."""
