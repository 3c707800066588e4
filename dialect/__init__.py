"""Runtime library of the Korean dialect translator: regions, text, data, models and routing."""
