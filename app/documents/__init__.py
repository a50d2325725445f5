"""PDF and other documents, built from plain rows; imports no area."""
