"""Community views, by responsibility: `categories` (the community page and
a category's topics), `topics` (a topic's page and starting one) and
`moderation` (pinning and moving topics)."""
