"""Controllers: the side effects (files, dialogs, settings, timers, workers), kept out of the views."""
