# English for a Belgian public: short dates day first (27/11/2026), never the US order.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
