"""The Qt window: views of the core's walkthrough, and the user's commands to it."""
