"""Writers: render an analysed Work. No analysis happens here."""
