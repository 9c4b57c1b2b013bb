"""trialkg subpackage."""
