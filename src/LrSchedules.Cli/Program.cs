// Placeholder entry point so the solution builds on this branch; the real `lrs` CLI replaces this file.
return 0;
