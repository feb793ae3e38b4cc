# For .ci/run, before the tests: the browser test of the HTML report
# (tests/test_report_browser.py) drives Debian's Chromium with its own chromedriver
# through Selenium (in the `test` extra); nothing is downloaded at run time.
# Without these packages the browser test skips, saying why.
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null
