"""The network diagram: nodes, edges and their numbers, the in-place editor, and its image exports."""
