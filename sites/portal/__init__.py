"""The regional portal (public schema): its page tree, club directory and registration."""
