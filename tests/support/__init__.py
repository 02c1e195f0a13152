"""Test support: servers on 127.0.0.1, the loopback guard, fixtures' helpers."""
