"""Storage and import of NHS England's official NOF files; never imports `bot` or `telegram`."""
