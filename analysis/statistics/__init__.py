"""Statistics over replications: estimates with confidence intervals that respect what a metric can be."""
