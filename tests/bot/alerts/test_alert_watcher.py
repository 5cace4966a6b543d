"""The publication watcher against a local copy of NHS England's page (aiohttp on 127.0.0.1)."""

from __future__ import annotations

from alert_builders import ALL_QUARTERS, Q4, official_file

from bot.alerts.runs import quarter_to_plan, watch_once
from bot.alerts.watcher import find_csv_links, sync_publications

Q4_FILE = "nhs-oversight-framework-ambulance-trust-data-q4-25-26.csv"
Q4_V2 = "nhs-oversight-framework-ambulance-trust-data-q4-25-26-v2.csv"


def test_csv_links_absolute_relative_and_odd():
    page = """
      <a href="/media/1234/nhs-oversight-framework-acute-trust-data-q3-25-26-v2.csv">Acute</a>
      <a href="files/league-table-q3.CSV?ver=2#top">League</a>
      <a href="https://www.england.nhs.uk/wp-content/uploads/2026/02/mhc-data.csv">MH</a>
      <a href="/media/1234/nhs-oversight-framework-acute-trust-data-q3-25-26-v2.csv">again</a>
      <a href="/guidance.pdf">PDF</a> <a>no href</a> <a href="mailto:x@nhs.net">mail</a>
    """
    assert find_csv_links(page, "https://www.england.nhs.uk/nof/segmentation/") == [
        "https://www.england.nhs.uk/media/1234/nhs-oversight-framework-acute-trust-data-q3-25-26-v2.csv",
        "https://www.england.nhs.uk/nof/segmentation/files/league-table-q3.CSV?ver=2",
        "https://www.england.nhs.uk/wp-content/uploads/2026/02/mhc-data.csv",
    ]


async def test_new_quarter_is_found_imported_once_and_planned(alert_services, publication_site):
    site = publication_site
    site.publish([f"/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    sync = await sync_publications(alert_services, site.page_url)
    assert sync.errors == [] and sync.downloaded == [Q4_FILE]
    assert sync.new_quarters == {Q4}
    assert alert_services.league.latest == Q4
    assert quarter_to_plan(alert_services, sync) == Q4

    again = await sync_publications(alert_services, site.page_url)
    assert (again.downloaded, again.unchanged, again.outcomes) == ([], 1, [])
    assert quarter_to_plan(alert_services, again) is None  # no run yet: nothing to catch up


async def test_without_validators_the_hash_stops_a_reimport(alert_services, publication_site):
    site = publication_site
    site.send_etags = False
    site.publish([f"{site.base_url}/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    first = await sync_publications(alert_services, site.page_url)
    second = await sync_publications(alert_services, site.page_url)
    assert first.downloaded == [Q4_FILE] and (second.downloaded, second.unchanged) == ([], 1)


async def test_broken_page_and_network_errors_change_nothing(alert_services, publication_site):
    site = publication_site
    before = alert_services.league.quarters
    sync = await sync_publications(alert_services, site.page_url)  # a page without CSV links
    assert "links no CSV files" in sync.errors[0]
    site.page_status = 500
    assert "HTTP 500" in (await sync_publications(alert_services, site.page_url)).errors[0]
    refused = await sync_publications(alert_services, "http://127.0.0.1:9/nof/")
    assert "cannot read the publication page" in refused.errors[0]
    site.page_status = 200
    site.publish([f"/media/{Q4_FILE}"])  # linked but missing
    assert "HTTP 404" in (await sync_publications(alert_services, site.page_url)).errors[0]
    assert alert_services.league.quarters == before


async def test_garbled_file_is_refused_alone_and_a_fixed_one_is_imported(
    alert_services, publication_site
):
    site = publication_site
    garbled = official_file(ALL_QUARTERS)[:-5000]  # cut mid-row, as a broken download
    site.publish(
        [f"/media/{Q4_FILE}", "/media/league-table.csv"],
        {Q4_FILE: garbled, "league-table.csv": b"Region,Trust_code\nLondon,RRU\n"},
    )
    sync = await sync_publications(alert_services, site.page_url)
    assert sorted(sync.rejected) == ["league-table.csv", Q4_FILE]
    assert alert_services.league.latest == "Q3 2025/26"
    again = await sync_publications(alert_services, site.page_url)
    assert again.downloaded == [] and again.unchanged == 2  # same bytes: not fed in again
    site.files[Q4_FILE] = official_file(ALL_QUARTERS)  # NHS England fixes the file
    fixed = await sync_publications(alert_services, site.page_url)
    assert fixed.downloaded == [Q4_FILE] and fixed.new_quarters == {Q4}


async def test_a_revision_of_the_latest_quarter_replans_it(alert_services, publication_site):
    site = publication_site
    site.publish([f"/media/{Q4_FILE}"], {Q4_FILE: official_file(ALL_QUARTERS)})
    _, plan = await watch_once(alert_services, site.page_url)
    assert plan is not None and plan.quarter == Q4 and plan.added == 0  # nobody follows yet
    revised = official_file(ALL_QUARTERS).replace(b"London Ambulance", b"London Ambulance ")
    site.publish([f"/media/{Q4_V2}"], {Q4_V2: revised})
    sync, replan = await watch_once(alert_services, site.page_url)
    assert sync.downloaded == [Q4_V2] and sync.new_quarters == set()
    assert replan is not None and replan.quarter == Q4
