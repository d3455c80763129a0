"""The hub elements the indicators report on, by key, with their titles, to group the indicators
page. The hub (above this app) declares the elements; `hub/tests` checks the two agree."""

ELEMENT_TITLES: dict[str, str] = {
    "vision": "Vision and shared understanding",
    "strategy": "Strategy linked to other work",
    "roles": "Who does what",
    "governance": "Engagement in governance",
    "data": "Data and insight",
    "structures": "Meaningful structures",
    "relationships": "Trusting relationships",
    "resources": "Adequate resources",
    "learning_staff": "Learning for staff",
    "learning_public": "Learning for patients and the public",
}
ORDER = tuple(ELEMENT_TITLES)
