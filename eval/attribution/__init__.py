"""Attribution (who said what) on PolNeAR: the corpus reader and the tagger's training."""
