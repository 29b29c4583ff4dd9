"""Who may see an e-service: everyone, or employees or elected officials only."""

GROUP_EMPLOYEES = "Medarbetare"
GROUP_ELECTED_OFFICIALS = "Fortroendevalda"
GROUP_COMMUNICATORS = "Kommunikatorer"
