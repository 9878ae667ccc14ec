"""Background work: jobs and computations off the GUI thread, and the GIF export job."""
