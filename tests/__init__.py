"""trialkg tests (they mirror the packages)."""
