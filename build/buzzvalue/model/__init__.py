"""What the entries add up to: the graph, the rubric, scores, stats, history and changes."""
