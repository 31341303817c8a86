"""Pictures of a plan: native Excel charts, a build timeline and a map."""
