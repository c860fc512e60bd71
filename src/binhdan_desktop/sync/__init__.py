"""Offline sync through change files (bundles) carried by a folder (USB, share, Syncthing) or WebDAV."""
