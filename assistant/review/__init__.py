"""The use case: analyse drafts into a Review."""
