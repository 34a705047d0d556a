"""Clubs as tenants: the Club and its domains, the club profile, registration and provisioning."""
