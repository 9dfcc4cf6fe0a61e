"""The value types and small utilities every stage uses; imports nothing else of buzzvalue."""
