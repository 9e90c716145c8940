"""Qt item models over the core's frozen records, and the proxies that sort and filter them."""
