"""The presentation model and its renderers: tables, charts, the HTML and PDF report, Excel and CSV."""
