"""The course's concept test and learning outcomes (YAML; a package so that the wheel ships them)."""
