"""Email alerts: anyone may subscribe to a committee's agendas, packs and minutes."""
