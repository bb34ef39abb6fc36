# English for a Belgian public: short dates day first (27/11/2026), never the US order.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Long dates day first too, as British English and Belgian readers write them
# (14 November 2014), in pages, e-mails and letters alike.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
