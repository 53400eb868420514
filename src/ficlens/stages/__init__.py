"""One module per analysis stage, each exposing `STAGE` (a ficlens.pipeline.Stage) that reads the Work fields it
declares and writes the ones it declares. The pipeline that names and orders them is ficlens.pipeline."""
