"""Badge printing views of the desk."""
