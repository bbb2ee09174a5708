"""Built-in activity definitions (YAML, English and Bahasa Indonesia), read by :mod:`swedu.activities.loader`."""
