"""Read-side analysis over the stored fact base: query, compare, conflicts, review, stats."""
