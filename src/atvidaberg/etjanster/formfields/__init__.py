"""Field types this portal adds to the communicators' form editor (EasyForm)."""
