"""Feed exporters (-O / -o, FEEDS): JSON Lines that a line splitter cannot cut, and CSV whose list and
object cells are JSON, not Python's repr."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

from ..exports import csv_cell


class JsonLinesExporter(JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter, with U+2028 and U+2029 escaped (items.json_line says why)."""

    def export_item(self, item: Any) -> None:
        itemdict = dict(self.get_serialized_fields(item))
        data = self.encoder.encode(itemdict).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
        self.file.write(data.encode(self.encoding or "utf-8"))


class CsvExporter(CsvItemExporter):
    """Scrapy's CSV exporter, with lists and objects written as JSON."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(value)
