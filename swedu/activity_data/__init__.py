"""Built-in activity definitions (YAML, English and Bahasa Indonesia), loaded by swedu.activities."""
