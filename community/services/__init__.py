"""Writes with more than one effect in the community: `topics` (starting a
topic, the one way a topic is made) and `moderation` (pinning and moving
topics). Locking a topic is the engine's own discussion action
(forum.services.moderation.set_discussion)."""
