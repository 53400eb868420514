# Sourced by train_pipeline.sh and joint_ablations.sh.
# folder NAME LINK=FILE ...: a corpus folder of links to corpus files (spaCy reads its .spacy files in name order)
folder() {
  local dir=corpus/$1 item
  shift
  mkdir -p "$dir"
  for item in "$@"; do ln -sf "../${item#*=}" "$dir/${item%%=*}.spacy"; done
}
