"""Accounts: sign-in, sign-out, password reset, invitations, the account page."""
