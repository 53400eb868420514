"""The local web app (`ficlens serve`): library search, work pages and statistics, from a library database."""
