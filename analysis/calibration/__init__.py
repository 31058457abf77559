"""The centre's own history: its records read, distributions fitted to its logs, the uncertain
inputs calibrated on some weeks and the model checked on weeks it has not seen."""
