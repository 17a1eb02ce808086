import Mustache

// The team page has a cell for every agent and compared figure (some 900 on a 20-store
// group), and the template library finds a cell's fields by reflection unless told: on the
// year's data that was two thirds of the page's time. These name each field at once.

extension TeamPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "agent": agent
        case "name": self.name
        case "link": link
        case "coached": coached
        case "coachLink": coachLink
        case "leads": leads
        case "pickup": pickup
        case "pickupBefore": pickupBefore
        case "pickupTrend": pickupTrend
        case "cells": cells
        case "averageSale": averageSale
        default: nil
        }
    }
}

extension TeamPage.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "value": value
        case "raw": raw
        case "counts": counts
        case "call": call
        case "mark": mark
        case "before": before
        case "progress": progress
        case "progressMark": progressMark
        case "title": title
        default: nil
        }
    }
}
