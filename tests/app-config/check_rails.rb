# Renders a generated config/database.yml the way Rails loads it (ERB first, then YAML with
# aliases) and prints the result as JSON, so the test can check what Rails would see.
require "erb"
require "json"
require "yaml"

path = ARGV.fetch(0)
rendered = ERB.new(File.read(path)).result
puts JSON.generate(YAML.safe_load(rendered, aliases: true))
