// The event shapes Azure Digital Twins documents (the same as examples/events/ in the repository),
// offered by the playground as starting points.
"use strict";
window.EVENTROUTE_SAMPLES = [
  {
    "name": "Twin created",
    "event": {
      "specversion": "1.0",
      "id": "6ccdb1cd-0dc3-450f-8730-ceccda8439be",
      "type": "Microsoft.DigitalTwins.Twin.Create",
      "source": "contoso.api.wus2.digitaltwins.azure.net",
      "subject": "room-21",
      "time": "2021-12-09T20:28:52.6745538Z",
      "datacontenttype": "application/json",
      "traceparent": "00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01",
      "data": {
        "$dtId": "room-21",
        "$etag": "W/\"ecf81d6c-8c1a-4a95-afd8-13bd4cea436f\"",
        "temperature": 21.5,
        "$metadata": {
          "$model": "dtmi:example:Room;1",
          "temperature": {
            "lastUpdateTime": "2021-12-09T20:28:52.6651216Z"
          }
        }
      }
    }
  },
  {
    "name": "Twin updated",
    "event": {
      "specversion": "1.0",
      "id": "39d4abb9-e3ee-4ed5-ad17-2243a9784946",
      "type": "Microsoft.DigitalTwins.Twin.Update",
      "source": "contoso.api.wus2.digitaltwins.azure.net",
      "subject": "room-21",
      "time": "2021-12-09T20:28:52.9795363Z",
      "datacontenttype": "application/json",
      "data": {
        "modelId": "dtmi:example:Room;1",
        "patch": [
          {
            "value": 22.0,
            "path": "/temperature",
            "op": "replace"
          },
          {
            "value": 30,
            "path": "/comp1/prop1",
            "op": "add"
          }
        ]
      }
    }
  },
  {
    "name": "Twin deleted",
    "event": {
      "specversion": "1.0",
      "id": "a3f5c1e2-7b4d-4e8a-9c6f-2d1b0e9f8a7c",
      "type": "Microsoft.DigitalTwins.Twin.Delete",
      "source": "contoso.api.wus2.digitaltwins.azure.net",
      "subject": "floor4",
      "time": "2021-12-09T21:02:11.1234567Z",
      "datacontenttype": "application/json",
      "traceparent": "00-7c2e9d1a4b3f4e5d8a6b9c0d1e2f3a4b-1a2b3c4d5e6f7a8b-01",
      "data": {
        "$dtId": "floor4",
        "$etag": "W/\"0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e\"",
        "errorCode": 404,
        "poweredOn": true,
        "$metadata": {
          "$model": "dtmi:example:com:floor4;2",
          "errorCode": {
            "lastUpdateTime": "2021-12-09T20:59:40.7654321Z"
          },
          "poweredOn": {
            "lastUpdateTime": "2021-12-09T20:59:40.7654321Z"
          }
        }
      }
    }
  },
  {
    "name": "Relationship created",
    "event": {
      "specversion": "1.0",
      "id": "4d850574-0a28-4667-a59e-3b382ff0e74e",
      "type": "Microsoft.DigitalTwins.Relationship.Create",
      "source": "contoso.api.wus2.digitaltwins.azure.net",
      "subject": "floor1/relationships/floor1_contains_room21",
      "time": "2021-12-09T20:28:53.2016395Z",
      "datacontenttype": "application/json",
      "data": {
        "$relationshipId": "floor1_contains_room21",
        "$sourceId": "floor1",
        "$relationshipName": "contains",
        "$targetId": "room-21",
        "ownershipUser": "user1"
      }
    }
  },
  {
    "name": "Relationship updated",
    "event": {
      "specversion": "1.0",
      "id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
      "type": "Microsoft.DigitalTwins.Relationship.Update",
      "source": "contoso.api.wus2.digitaltwins.azure.net",
      "subject": "floor1/relationships/floor1_contains_room21",
      "time": "2021-12-09T21:15:04.5551234Z",
      "datacontenttype": "application/json",
      "data": {
        "modelId": "dtmi:example:Floor;1",
        "patch": [
          {
            "value": "user2",
            "path": "/ownershipUser",
            "op": "replace"
          }
        ]
      }
    }
  },
  {
    "name": "Telemetry",
    "event": {
      "specversion": "1.0",
      "id": "622e6818-f042-4be8-96df-1a77ee9caf9b",
      "type": "microsoft.iot.telemetry",
      "source": "contoso.api.wus2.digitaltwins.azure.net/digitaltwins/thermostat-7",
      "subject": "component1",
      "dataschema": "dtmi:example:Thermostat;1",
      "datacontenttype": "application/json",
      "data": {
        "Temperature": 10
      }
    }
  }
];
