"""Cases: what a resident starts from an e-service, saves as a draft, and submits."""
